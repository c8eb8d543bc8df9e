"""Administrator screens: workers, key rotation, locking and retention policy; own passphrase."""

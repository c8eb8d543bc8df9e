"""The referral documents of a case, each a story of flowables, and the pack that binds them."""

"""The export bundle format: manifest, writer, reader, receipts."""

"""Qt-free use cases the faces call: unlock, save, finalise, build pack, export."""

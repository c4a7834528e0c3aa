"""Note storage (SQLite, the source of truth), chunking, local embeddings and the vector index."""

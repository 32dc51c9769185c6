export interface BlobTables {
  blobs: {
    /** sha256 hex of the whole blob. */
    hash: string;
    size: number;
    chunks: number;
    created_at: number;
  };
  blob_chunks: {
    hash: string;
    /** 0-based position of the chunk in the blob. */
    seq: number;
    data: Uint8Array;
  };
  server_key: {
    id: number;
    fingerprint: string;
    created_at: number;
  };
}

// The crypto the actor runtime offers actors: hashes and secp256k1 signatures.

// Actors: the Filecoin-style runtime (docs/actors.md).

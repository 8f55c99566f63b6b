/// The version of Cairn, defined once: `cairn --version` prints it, and embedders can log it.
///
/// It names the engine, not the formats: programs carry their own format version and tasks
/// their gas schedule version, which change independently of this.
public let cairnVersion = "0.1.0"

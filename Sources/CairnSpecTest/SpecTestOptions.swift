import Cairn

/// How a spec test run puts modules to the engine.
///
/// Every mode must give the same results: the modes exist to check that the program format and
/// metering change nothing a script can observe.
public struct SpecTestOptions: Sendable, Hashable {
    /// Run each module through the program format: lower it, encode it, decode the encoding with
    /// `Program(decoding:)` and instantiate the decoded program. Re-encoding the decoded program
    /// must give the same bytes; a difference (or a program that does not decode) fails the
    /// directive.
    public var viaFormat: Bool
    /// Run in an unmetered store (no gas schedule) instead of one metered by `GasSchedule.v2`
    /// with an unlimited gas limit.
    public var unmetered: Bool
    /// The machine's limits (call depth, value stack, memory and table sizes).
    public var limits: MachineLimits
    /// The profile modules are lowered under: `.softFloat` runs every float instruction as a
    /// call into the soft-float library (docs/softfloat.md).
    public var profile: WasmProfile

    public init(viaFormat: Bool = false, unmetered: Bool = false, limits: MachineLimits = MachineLimits(),
                profile: WasmProfile = .standard) {
        self.viaFormat = viaFormat
        self.unmetered = unmetered
        self.limits = limits
        self.profile = profile
    }

    /// The default mode: modules lowered in memory and run metered.
    public static let standard = SpecTestOptions()

    /// The gas schedule of the run's store: nil when unmetered.
    public var schedule: GasSchedule? { unmetered ? nil : .v2 }

    /// A short name of the mode, for reports: `direct`, `via format`, `unmetered`, ….
    public var modeDescription: String {
        var parts: [String] = []
        if viaFormat { parts.append("via format") }
        if unmetered { parts.append("unmetered") }
        if profile.softFloat { parts.append("soft-float") }
        return parts.isEmpty ? "direct, metered" : parts.joined(separator: ", ")
    }
}

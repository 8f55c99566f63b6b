import Foundation

/// A progress line on standard error for long runs: `steps N, gas used G`, rewritten in place.
///
/// Shown only when standard error is a terminal (`isatty(2)`), so logs and pipes get nothing,
/// and only once a run has taken a second, so short runs print nothing at all. It is cleared
/// before the run's own output.
final class Progress {
    /// Steps between looks at the clock: the runner exports the state at each, so they are
    /// sparse (a fast run takes well under a second for this many).
    static let interval: UInt64 = 1 << 24

    private let start = ContinuousClock.now
    private var lastPrint: ContinuousClock.Instant?
    private var shown = false

    /// A progress line, or nil when standard error is not a terminal.
    static func ifTerminal() -> Progress? {
        isatty(2) == 1 ? Progress() : nil
    }

    /// Notes the run's position; prints it when a second has passed (then every quarter second).
    func update(steps: UInt64, gasUsed: UInt64) {
        let now = ContinuousClock.now
        guard now - start >= .seconds(1) else { return }
        if let lastPrint, now - lastPrint < .milliseconds(250) { return }
        lastPrint = now
        shown = true
        FileHandle.standardError.write(Data("\r\u{1B}[Ksteps \(steps), gas used \(gasUsed)".utf8))
    }

    /// Erases the line, if one was printed.
    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

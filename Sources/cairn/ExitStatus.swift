import ArgumentParser

/// The exit statuses of every subcommand: one convention, stated once in `cairn --help`.
///
/// They extend those `cairn run` always had, which scripts (scripts/difftest.py) rely on: a
/// trap is 2 and running out of gas 4, so that the two outcomes of a run that stopped early
/// can be told apart without parsing text.
enum ExitStatus {
    /// The command did what was asked.
    static let success: Int32 = 0
    /// A usage error the parser could not see: an unknown export, arguments that do not fit
    /// the function, options that conflict, an output file that cannot be written.
    static let usage: Int32 = 1
    /// The program trapped, or a check said no: a proof or a game rejected, a spec test failed.
    static let rejected: Int32 = 2
    /// The input is malformed or invalid, cannot be read, or cannot be linked: the module,
    /// program, proof, claim or input file.
    static let badInput: Int32 = 3
    /// The program ran out of gas.
    static let outOfGas: Int32 = 4
    /// Cairn itself failed (a bug): a spec test runner crashed, an encoding that does not
    /// decode again.
    static let internalError: Int32 = 70

    /// The text of `cairn --help`'s discussion that states the convention.
    static let help = """
        Exit status, the same for every subcommand:
          0   success
          1   usage error: an unknown export, arguments that do not fit, options
              that conflict, an output file that cannot be written
          2   the program trapped, or a check said no (a proof or game rejected,
              a spec test failed)
          3   the input (module, program, proof, claim, input file) cannot be
              read, is malformed or invalid, or cannot be linked
          4   the program ran out of gas
          64  the command line does not parse (a missing argument, a bad value)
          70  an internal error of Cairn
        Errors and diagnostics go to standard error, results to standard output.
        """
}

extension ExitCode {
    static let usageError = ExitCode(ExitStatus.usage)
    static let rejected = ExitCode(ExitStatus.rejected)
    static let badInput = ExitCode(ExitStatus.badInput)
    static let outOfGas = ExitCode(ExitStatus.outOfGas)
}

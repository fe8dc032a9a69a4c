import ArgumentParser

/// `--purpose`: why the data is read or written (GDPR art. 5(1)(b)). The policy decides per
/// purpose and the audit log records it.
struct PurposeOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Why you read or record the data: a purpose id from the vault's policy (purposes.yaml), e.g. case_assessment "
            + "(recorded in the audit log).",
        valueName: "PURPOSE"), completion: PolicyCompletion.purposes)
    var purpose: String
}

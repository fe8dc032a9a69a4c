import ArgumentParser
import ZZKVault

/// The registry entry's public details, as options (institution data, not personal data).
struct CooperantDetailsOptions: ParsableArguments {
    @Option(name: .long, help: "Full name of the institution, e.g. \"Komenda Powiatowa Policji w Zielonej Łące\".") var name: String?
    @Option(name: .long, help: """
        Sector from the policy's principals.yaml: police, school, employment_office, health, probation_officer, \
        alcohol_commission, family_assistant, pcpr, ngo.
        """, completion: PolicyCompletion.sectors)
    var sector: String?
    @Option(name: .long, help: "NIP (10 digits, checked).") var nip: String?
    @Option(name: .long, help: "REGON (9 or 14 digits, checked).") var regon: String?
    @Option(name: .long, help: "Postal address of the institution.") var address: String?
    @Option(name: .long, help: ArgumentHelp("Date the declaration of accession was signed.", valueName: "YYYY-MM-DD")) var accessionSigned: String?
    @Option(name: .long, help: ArgumentHelp("Date the leader accepted the declaration.", valueName: "YYYY-MM-DD")) var accessionAccepted: String?
    @Option(name: .long, help: ArgumentHelp(
        "contact=… and dpo_contact=… lines (they may name people, so not as arguments); '-' for standard input.",
        valueName: "FILE"),
        completion: .file())
    var contactsFrom: String?

    func contacts() throws -> [String: String] {
        guard let contactsFrom else { return [:] }
        return try TextSource.pairs(contactsFrom, allowed: ["contact", "dpo_contact"])
    }
}

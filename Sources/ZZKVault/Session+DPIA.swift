import Foundation
import GRDB

extension Session {
    /// What the vault knows for a DPIA draft (art. 35 RODO), in `lang` (`pl` or `en`): the
    /// records of processing, the criteria that make the assessment mandatory, the registers'
    /// state and the scale. The IOD or an administrator; audited as `dpia.generate`.
    public func dpiaFacts(lang: String = "pl") throws(VaultError) -> DPIAFacts {
        try requireRole([.dpo, .admin], operation: "draft the DPIA", action: "dpia.generate",
                        hint: "The administrator drafts the DPIA; the IOD gives an opinion on it (art. 35(2)).")
        let policy = vault.policy
        let today = vault.clock.today
        func text(_ label: LocalizedLabel) -> String { lang == "en" ? label.en : label.pl }
        let purposes = policy.purposes.purposes
        let statute = purposes.filter { $0.legalBases.contains { $0.hasPrefix("statute:") } }
        return try vault.write { db, audit in
            let record = try processingRecord(db, lang: lang)
            let registry = try CooperantStore.fetchAll(db, keyring: nil)
            let agreements = try AgreementStore.all(db).filter { $0.isInForce(on: today) }
            let users = try UserStore.fetchAll(db).filter { $0.disabledAt == nil }
            var accounts: [Role: Int] = [:]
            for user in users { accounts[user.role, default: 0] += 1 }
            let unauthorised = try users.filter { $0.role.handlesCases || $0.role == .specialist }.filter { user in
                try AuthorisationStore.fetch(db, login: user.login, keyring: nil)?.isInForce(on: today) != true
            }.count
            let result = DPIAFacts(
                record: record,
                specialCategories: policy.catalog.categories.filter { $0.sensitivity == .art9 }.map { text($0.label) },
                criminalCategories: policy.catalog.categories.filter { $0.sensitivity == .art10 }
                    .map { text($0.label) },
                consentPurposes: purposes
                    .filter { p in !statute.contains { $0.id == p.id } && p.legalBases.contains("art6-1-a") }
                    .map { text($0.label) },
                statutoryPurposes: statute.map { text($0.label) },
                vulnerableSubjects: purposes.contains { ["child_protection", "violence_prevention"].contains($0.id) },
                cooperants: registry.filter { !$0.isLeader && $0.withdrawnOn == nil }.count,
                arrangements: agreements.filter { $0.kind == .jointControllers }.count,
                disclosureAgreements: agreements.filter { $0.kind == .disclosure }.count,
                processorAgreements: agreements.filter { $0.kind == .processor }.count,
                processors: agreements.compactMap(\.processor).sorted(),
                accounts: accounts, accountsWithoutAuthorisation: unauthorised,
                persons: try VaultCounts.persons(db), openTeams: try VaultCounts.openTeams(db),
                breaches: try VaultCounts.breaches(db), noticesRecorded: try VaultCounts.notices(db),
                policyRules: policy.rules.count, generatedOn: today)
            try audit.append(AuditDraft(actor: user.login, action: "dpia.generate", detail: "policy=\(policy.hash)"),
                             in: db)
            return result
        }
    }
}

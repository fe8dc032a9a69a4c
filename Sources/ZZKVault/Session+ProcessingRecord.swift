import Foundation
import GRDB

extension Session {
    /// The art. 30(1) records of processing, generated from this vault's policy, purposes and
    /// registry, in `lang` (`pl` or `en`). Staff roles are not recipients; a disclosure to a
    /// cooperant is listed as such, recipients outside the partnership apart. The controller's
    /// name and contacts come from their public copy, so the IOD (who holds no vault key) gets
    /// them too.
    public func processingRecord(lang: String = "pl") throws(VaultError) -> ProcessingRecord {
        try requireRole([.dpo, .admin, .networkWorker, .socialWorker], operation: "generate the records of processing", action: "ropa.generate",
                        hint: "The IOD keeps the records of processing.")
        return try vault.write { db, audit in
            let record = try processingRecord(db, lang: lang)
            try audit.append(AuditDraft(actor: user.login, action: "ropa.generate",
                                        detail: "policy=\(record.policyHash)"), in: db)
            return record
        }
    }

    /// The records of processing as of this transaction (``processingRecord(lang:)`` without its audit entry).
    func processingRecord(_ db: Database, lang: String) throws -> ProcessingRecord {
        let policy = vault.policy
        let keyring = self.keyring
        let analysis = PolicyAnalysis(policy: policy)
        func text(_ label: LocalizedLabel?) -> String { label.map { lang == "en" ? $0.en : $0.pl } ?? "-" }
        var activities: [ProcessingRecord.Activity] = []
        for purpose in policy.purposes.purposes {
            var categories: [String] = []
            var sectors: Set<String> = []
            for category in policy.catalog.categories {
                let fields = policy.catalog.fields.filter { $0.category == category.id }
                guard !fields.isEmpty else { continue }
                var reachable = false
                for principal in policy.principals where analysis.status(principal: principal.id, fields: fields, purpose: purpose.id).kind != .deny {
                    reachable = true
                    if principal.kind == .sector { sectors.insert(text(principal.label)) }
                }
                if reachable { categories.append(text(category.label)) }
            }
            activities.append(ProcessingRecord.Activity(
                purpose: purpose.id, label: text(purpose.label), legalBases: purpose.legalBases, subjects: text(purpose.subjects),
                categories: categories, disclosedTo: sectors.sorted(), externalRecipients: text(purpose.externalRecipients),
                retention: text(purpose.retention)))
        }
        let registry = try CooperantStore.fetchAll(db, keyring: keyring)
        let leader = registry.first { $0.isLeader }
        // The IOD, without the vault key, reads the leader's published identity and opens
        // the copy of its registry entry sealed to their own key.
        var details = leader.map { [$0.name.isEmpty ? $0.id : $0.name, $0.address, $0.contact, $0.dpoContact] }
            ?? ["OPS", "", "", ""]
        if keyring == nil {
            let published = try PublishedRegistry.read(db)
            if let controller = published.controller { details = [controller.name, "", "", controller.dpoContact] }
            if let leader, let full = published.entry(leader.id, login: user.login, keyPair: keyPair) { details = full }
        }
        return ProcessingRecord(
            controller: details[0], controllerAddress: details[1], controllerContact: details[2],
            dpoContact: details[3], policyHash: policy.hash, activities: activities,
            cooperants: registry.filter { !$0.isLeader }.map {
                "\($0.id) (\($0.sector))\($0.withdrawnOn.map { ", withdrawn \($0)" } ?? "")"
            })
    }
}

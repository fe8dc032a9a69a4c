import Foundation
import GRDB

extension Session {
    /// The art. 30 records of processing, generated from this vault's policy and registry.
    public func processingRecord(lang: String = "pl") throws(VaultError) -> ProcessingRecord {
        try requireRole([.dpo, .admin, .networkWorker, .socialWorker], operation: "generate the records of processing", action: "ropa.generate", hint: "The IOD keeps the records of processing.")
        let policy = vault.policy
        let keyring = self.keyring
        let analysis = PolicyAnalysis(policy: policy)
        var activities: [ProcessingRecord.Activity] = []
        for purpose in policy.purposes.purposes {
            var categories: [String] = []
            var recipients: Set<String> = []
            for category in policy.catalog.categories {
                let fields = policy.catalog.fields.filter { $0.category == category.id }
                guard !fields.isEmpty else { continue }
                var reachable = false
                for principal in policy.principals where analysis.status(principal: principal.id, fields: fields, purpose: purpose.id).kind != .deny {
                    reachable = true
                    recipients.insert(principal.id)
                }
                if reachable { categories.append(category.id) }
            }
            activities.append(ProcessingRecord.Activity(purpose: purpose.id, label: lang == "en" ? purpose.label.en : purpose.label.pl,
                                                        legalBases: purpose.legalBases, categories: categories, recipients: recipients.sorted()))
        }
        return try vault.write { db, audit in
            let registry = try CooperantStore.fetchAll(db, keyring: keyring)
            let leader = registry.first { $0.isLeader }
            try audit.append(AuditDraft(actor: user.login, action: "ropa.generate", detail: "policy=\(policy.hash)"), in: db)
            return ProcessingRecord(
                controller: leader.map { $0.name.isEmpty ? $0.id : $0.name } ?? "OPS", dpoContact: leader?.dpoContact ?? "",
                policyHash: policy.hash, activities: activities,
                cooperants: registry.filter { !$0.isLeader }.map { "\($0.id) (\($0.sector))\($0.withdrawnOn.map { ", withdrawn \($0)" } ?? "")" })
        }
    }
}

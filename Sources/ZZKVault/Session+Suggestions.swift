import Foundation
import GRDB

extension Session {
    /// Suggests specialists for team `teamID`: services whose name, target group or
    /// competences share a word stem with the team person's recorded needs (`support.needs`).
    ///
    /// Reading the needs is an ordinary, audited read for purpose `support_plan`.
    public func suggestMembers(_ teamID: String) throws(VaultError) -> [MemberSuggestion] {
        let team = try self.team(teamID)
        let needs = try showPerson(team.personID, fields: ["support.needs"], purpose: "support_plan").fields["support.needs"] ?? ""
        let stems = Set(needs.lowercased().split(whereSeparator: { !$0.isLetter }).filter { $0.count >= 5 }.map { String($0.prefix(5)) })
        guard !stems.isEmpty else { return [] }
        let cards = try services()
        let specialists = try vault.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT login, cooperant_id FROM users WHERE role = 'specialist' ORDER BY login"))
                .map { ($0["cooperant_id"] as String? ?? "", $0["login"] as String) }
        }
        return cards.compactMap { card in
            let text = ([card.name, card.targetGroup] + card.competences).joined(separator: " ").lowercased()
            let matched = stems.filter { text.contains($0) }.sorted()
            guard !matched.isEmpty else { return nil }
            return MemberSuggestion(service: card, matched: matched, specialists: specialists.filter { $0.0 == card.cooperantID }.map(\.1))
        }.sorted { $0.matched.count > $1.matched.count }
    }
}

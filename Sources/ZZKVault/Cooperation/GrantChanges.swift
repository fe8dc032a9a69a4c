/// What a change to a team, a consent or the registry did to the cooperants' keys, as its audit
/// entry records it: grants issued and revoked, and categories re-keyed at once (or queued for
/// re-keying) so that a revoked key opens nothing written from then on.
public struct GrantChanges: Sendable, Equatable, Codable {
    public var issued: Int
    public var revoked: Int
    public var rekeyed: Int
    public var rekeyPending: Int

    enum CodingKeys: String, CodingKey {
        case issued = "grants_issued", revoked = "grants_revoked", rekeyed, rekeyPending = "rekey_pending"
    }
}

extension GrantChanges {
    init(_ report: GrantSync.Report) {
        self.init(issued: report.issued, revoked: report.revoked, rekeyed: report.rekeyed,
                  rekeyPending: report.rekeyPending)
    }
}

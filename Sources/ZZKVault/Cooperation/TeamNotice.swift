import Foundation

/// A team's opening notified to a network worker (pracownik ds. sieci), who runs the
/// partnership and acknowledges it; no case data.
public struct TeamNotice: Sendable, Equatable, Codable {
    public var teamID: String
    public var purpose: String
    public var openedAt: String
    public var acknowledgedAt: String?

    enum CodingKeys: String, CodingKey {
        case purpose
        case teamID = "team_id", openedAt = "opened_at", acknowledgedAt = "acknowledged_at"
    }
}

/// An art. 19 notification: a recipient that received data later rectified or erased is told.
public struct RecipientNotification: Sendable, Equatable, Codable {
    public var id: String
    public var requestID: String
    public var personID: String
    public var cooperantID: String
    /// `rectification` or `erasure`.
    public var kind: String
    /// The fields the recipient had received (ids only).
    public var fields: [String]
    public var createdOn: String
    public var sentOn: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, fields
        case requestID = "request_id", personID = "person_id", cooperantID = "cooperant_id", createdOn = "created_on", sentOn = "sent_on"
    }
}

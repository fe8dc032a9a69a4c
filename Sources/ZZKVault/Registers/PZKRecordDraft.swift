/// What is recorded of the partnership's work (``Session/recordPZK(_:)``).
public struct PZKRecordDraft: Sendable, Equatable {
    public var kind: PZKRecord.Kind
    public var on: String
    public var period: String?
    public var cooperantID: String?
    public var attendees: [String]
    public var title: String
    public var text: String

    public init(kind: PZKRecord.Kind, on: String, period: String? = nil, cooperantID: String? = nil,
                attendees: [String] = [], title: String, text: String) {
        self.kind = kind
        self.on = on
        self.period = period
        self.cooperantID = cooperantID
        self.attendees = attendees
        self.title = title
        self.text = text
    }
}

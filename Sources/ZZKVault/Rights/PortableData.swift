/// The answer to a portability request (art. 20 RODO): the data the person provided that the
/// OPS processes on their consent, structured and machine-readable, for them or another
/// controller. Data kept for a legal obligation or a public task is not portable (art. 20(3)).
public struct PortableData: Sendable, Equatable, Codable {
    /// `zzk-portable-data/1`: field ids as in the vault's field catalogue.
    public var format: String
    public var requestID: String
    public var personID: String
    public var generatedOn: String
    /// The consents the data rests on (their ids).
    public var consents: [String]
    /// Field id → value, for the fields recorded only for purposes resting on consent.
    public var data: [String: String]
    /// Field id → its label (Polish and English), so the file reads without the catalogue.
    public var labels: [String: LocalizedLabel]

    enum CodingKeys: String, CodingKey {
        case format, consents, data, labels
        case requestID = "request_id", personID = "person_id", generatedOn = "generated_on"
    }
}

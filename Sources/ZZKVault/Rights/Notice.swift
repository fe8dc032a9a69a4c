import Foundation

/// An information notice owed to a person: art. 13 RODO when the OPS collects data from them,
/// art. 14 when a cooperant first receives data about them (from the OPS, not from the person).
public struct Notice: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case art13, art14 }

    /// How a notice reached the person.
    public enum Method: String, Sendable, Codable, CaseIterable {
        case inPerson = "in-person", post, email, atConsentMeeting = "at-consent-meeting"
    }

    /// Art. 14(5) grounds for not giving an art. 14 notice.
    public enum ExemptionGround: String, Sendable, Codable, CaseIterable {
        /// (a) the person already has the information.
        case alreadyInformed = "14-5-a"
        /// (b) impossible or a disproportionate effort.
        case disproportionate = "14-5-b"
        /// (c) obtaining or disclosure is expressly laid down by law (e.g. the Niebieska Karta procedure).
        case requiredByLaw = "14-5-c"
        /// (d) professional secrecy regulated by law.
        case professionalSecrecy = "14-5-d"
    }

    /// Random id such as `I-7K3M9Q2X` (informacja).
    public var id: String
    public var personID: String
    public var kind: Kind
    /// The controller that owes the notice: the receiving cooperant (art. 14) or the OPS (art. 13).
    public var cooperantID: String
    /// Categories actually disclosed (or collected).
    public var categories: [String]
    public var purposes: [String]
    public var disclosedOn: String
    /// The earliest of: one month after the disclosure, the next disclosure to another recipient
    /// (art. 14(3)); for art. 13, the day of collection.
    public var due: String
    public var deliveredOn: String?
    public var method: Method?
    public var exemption: ExemptionGround?
    /// For an intake notice, where the data came from when not from the person (art. 14(2)(f)).
    public var source: DataSource? = nil
    /// SHA-256 of the text handed over (Markdown and HTML joined by a NUL), when it was kept.
    public var deliveredSHA256: String? = nil
    /// The template it was rendered with (`not-kept` for a delivery before texts were kept).
    public var deliveredTemplate: String? = nil
    /// The joint-controller arrangement (art. 26) in force on the day of disclosure that binds
    /// the notice's controller for one of its purposes: the notice gives its essence (26(2)).
    public var arrangement: Agreement? = nil

    enum CodingKeys: String, CodingKey {
        case id, kind, categories, purposes, due, method, exemption, source
        case deliveredSHA256 = "delivered_sha256", deliveredTemplate = "delivered_template"
        case personID = "person_id", cooperantID = "cooperant_id", disclosedOn = "disclosed_on", deliveredOn = "delivered_on"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(personID, forKey: .personID)
        try c.encode(kind, forKey: .kind)
        try c.encode(cooperantID, forKey: .cooperantID)
        try c.encode(categories, forKey: .categories)
        try c.encode(purposes, forKey: .purposes)
        try c.encode(disclosedOn, forKey: .disclosedOn)
        try c.encode(due, forKey: .due)
        try c.encode(deliveredOn, forKey: .deliveredOn)
        try c.encode(method, forKey: .method)
        try c.encode(exemption, forKey: .exemption)
        try c.encode(source, forKey: .source)
        try c.encode(deliveredSHA256, forKey: .deliveredSHA256)
        try c.encode(deliveredTemplate, forKey: .deliveredTemplate)
    }

    /// Delivered or exempted.
    public var isSettled: Bool { deliveredOn != nil || exemption != nil }
    public func isOverdue(on day: String) -> Bool { !isSettled && day > due }
}

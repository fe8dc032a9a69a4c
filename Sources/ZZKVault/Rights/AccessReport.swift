import Foundation

/// Everything art. 15 RODO entitles a person to, as the vault knows it: the data, purposes,
/// categories, every recipient with dates and fields (from the audit log), consents,
/// retention, source and rights.
public struct AccessReport: Sendable, Equatable, Codable {
    /// One disclosure to a recipient, from an audit entry.
    public struct Disclosure: Sendable, Equatable, Codable {
        public var entry: Int64
        public var time: String
        /// The recipient institution (registry id) and its name. The employee who read is not
        /// a recipient (C-579/21) and is not named.
        public var cooperantID: String
        public var cooperantName: String
        public var purpose: String
        public var fields: [String]

        enum CodingKeys: String, CodingKey {
            case entry, time, purpose, fields
            case cooperantID = "cooperant_id", cooperantName = "cooperant_name"
        }
    }

    /// A cooperant that holds keys to the person's data: making data available is disclosure
    /// (C-154/21), whether or not it was read yet.
    public struct KeyHolder: Sendable, Equatable, Codable {
        public var cooperantID: String
        public var cooperantName: String
        public var categories: [String]
        /// The last day any of its keys is valid.
        public var until: String

        enum CodingKeys: String, CodingKey {
            case categories, until
            case cooperantID = "cooperant_id", cooperantName = "cooperant_name"
        }
    }

    /// A team note about the person, copied into the answer (art. 15(3)); the OPS checks it for
    /// other persons' data before handing it over (art. 15(4)). The author (an employee) is
    /// not named.
    public struct Note: Sendable, Equatable, Codable {
        public var teamID: String
        /// The day it was written, `YYYY-MM-DD`.
        public var written: String
        public var text: String

        enum CodingKeys: String, CodingKey {
            case written, text
            case teamID = "team_id"
        }
    }

    public var requestID: String
    public var personID: String
    public var generatedOn: String
    /// The controller answering: the OPS (leader of the partnership).
    public var controller: String
    /// Field id → value, for the fields the answer may include.
    public var data: [String: String]
    /// Categories held about the person.
    public var categoriesHeld: [String]
    /// Categories held but not included here, with why (e.g. art. 10 data, given in person).
    public var withheld: [String: String]
    /// Purposes the data was collected or used for.
    public var purposes: [String]
    public var recipients: [Disclosure]
    /// Cooperants holding keys to the person's data now.
    public var keyHolders: [KeyHolder]
    /// Cooperants a consent in force names, by name: recipients the data may still go to.
    public var futureRecipients: [String]
    public var consents: [Consent]
    /// The team notes about the person, oldest first (empty when the policy withholds them).
    public var teamNotes: [Note] = []

    enum CodingKeys: String, CodingKey {
        case data, purposes, recipients, consents, withheld, controller
        case teamNotes = "team_notes"
        case requestID = "request_id", personID = "person_id", generatedOn = "generated_on", categoriesHeld = "categories_held"
        case keyHolders = "key_holders", futureRecipients = "future_recipients"
    }
}

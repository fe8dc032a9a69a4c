import Foundation

/// An institution of the partnership (PZK): the leader (OPS) or a cooperant that signed the
/// declaration of accession. Each is a separate controller, so its own contact and DPO
/// contact go into the art. 14 notices it must give.
public struct Cooperant: Sendable, Equatable, Codable {
    /// Registry id chosen by the network worker, e.g. `KPP-ZIELONA-LAKA`.
    public var id: String
    public var name: String
    /// A sector of `Policies/principals.yaml` (police, school, …); the leader is `ops`.
    public var sector: String
    public var isLeader: Bool
    public var nip: String?
    public var regon: String?
    public var address: String
    /// How to reach the institution (phone, e-mail, contact person).
    public var contact: String
    /// The institution's own data protection officer (IOD) contact.
    public var dpoContact: String
    /// Date the declaration of accession was signed, `YYYY-MM-DD`.
    public var accessionSigned: String?
    /// What the cooperant's own notices say about recipients and retention (its latest
    /// version), when the registry recorded them; filled where notices are rendered.
    public var noticeParameters: NoticeParameters? = nil
    /// Date the leader accepted the declaration.
    public var accessionAccepted: String?
    /// Date of the written withdrawal; a withdrawn cooperant holds nothing.
    public var withdrawnOn: String?

    enum CodingKeys: String, CodingKey {
        case id, name, sector, nip, regon, address, contact
        case isLeader = "is_leader", dpoContact = "dpo_contact", accessionSigned = "accession_signed"
        case accessionAccepted = "accession_accepted", withdrawnOn = "withdrawn_on"
    }

    public init(id: String, name: String, sector: String, isLeader: Bool = false, nip: String? = nil, regon: String? = nil,
                address: String, contact: String, dpoContact: String, accessionSigned: String? = nil,
                accessionAccepted: String? = nil, withdrawnOn: String? = nil) {
        self.id = id
        self.name = name
        self.sector = sector
        self.isLeader = isLeader
        self.nip = nip
        self.regon = regon
        self.address = address
        self.contact = contact
        self.dpoContact = dpoContact
        self.accessionSigned = accessionSigned
        self.accessionAccepted = accessionAccepted
        self.withdrawnOn = withdrawnOn
    }

    /// Whether the cooperant may hold grants: accession accepted (or the leader) and not withdrawn.
    public var isActive: Bool { withdrawnOn == nil && (isLeader || accessionAccepted != nil) }
}

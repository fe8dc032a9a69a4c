/// What a staff notice names of the controller: the leader's identity and its IOD.
public struct StaffNoticeFacts: Sendable, Equatable {
    public var kind: StaffNoticeKind
    public var controller: String
    public var controllerAddress: String
    public var controllerContact: String
    public var dpoContact: String
}

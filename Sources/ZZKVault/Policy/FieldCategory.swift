/// A group of fields sharing one data key per person (e.g. `health`).
public struct FieldCategory: Sendable, Equatable {
    public var id: String
    public var sensitivity: Sensitivity
    public var label: LocalizedLabel
    public init(id: String, sensitivity: Sensitivity, label: LocalizedLabel) {
        self.id = id
        self.sensitivity = sensitivity
        self.label = label
    }
}

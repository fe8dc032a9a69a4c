import ZZKVault

extension LocalizedLabel {
    /// The label in `language`.
    public func text(_ language: DocumentLanguage) -> String { language == .en ? en : pl }
}

import Foundation

extension Vault {
    /// The `Policies/` folder of this vault, if one is there (left by an earlier release, or
    /// made by hand), with the hash of its files. Nothing in it decides anything: front ends show
    /// it as a note when it differs from the policy in force, so nobody believes an edit there
    /// changed access. Never throws; an unreadable or incomplete folder has no hash.
    public func ignoredPolicyFiles() -> IgnoredPolicyFiles? {
        let folder = url.appendingPathComponent(Self.policyFolderName)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        let texts = try? PolicySet.readTexts(directory: folder)
        return IgnoredPolicyFiles(path: folder.path, hash: texts.flatMap(PolicySet.hash(of:)))
    }
}

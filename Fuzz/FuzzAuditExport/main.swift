// libFuzzer target: the audit-export verifier, `zzk audit verify-export` (docs/fuzzing.md).
//
// Input: the files of an export, each introduced by a line `@<file name>` and running to the
// next such line, e.g.
//
//     @manifest.json
//     {"format":"zzk-audit-export/1","origin":"zzk.vault/V-FUZZ","since":0,"size":1,"files":[]}
//     @checkpoint.txt
//     zzk.vault/V-FUZZ
//     1
//     <base64 root>
//     @entries.jsonl
//     {"v":1,"seq":0,...}
//
// A signature can't be found by mutation, so the harness signs for the fuzzer with a fixed
// key (the owner of a vault holds its signing key, so signed hostile exports are in scope):
// a checkpoint file without a signature block (no blank line) is signed as it stands; a line
// of checkpoints.jsonl that is not a JSON string is taken as `origin;size;root`, signed and
// JSON-quoted. Without a `@verifier-key.txt` section the fixed key's verifier key
// (`zzk.vault/V-FUZZ`) is added. The raw sections also go through CheckpointNote.verify and
// CheckpointNote.parseVerifierKey unchanged.
import Foundation
import FuzzSupport
import SodiumKit
import ZZKVault

let keyName = "zzk.vault/V-FUZZ"
nonisolated(unsafe) let signer: Ed25519.KeyPair = {
    let seed = try! SecureBytes(zeroedCount: Ed25519.seedLength)
    seed.withUnsafeMutableBytes { for i in $0.indices { $0[i] = UInt8(i) } }
    return try! Ed25519.KeyPair(seed: seed)
}()
/// FUZZ_VERBOSE=1 prints each verdict (to check that the seeds verify).
let verbose = ProcessInfo.processInfo.environment["FUZZ_VERBOSE"] != nil
let verifierKey = CheckpointNote.verifierKey(name: keyName, publicKey: signer.publicKey)
let fileNames: Set<String> = [
    AuditExport.manifestFile, AuditExport.entriesFile, AuditExport.checkpointFile, AuditExport.checkpointsFile,
    AuditExport.verifierKeyFile, AuditExport.baseCheckpointFile, AuditExport.baseFrontierFile, AuditExport.consistencyProofFile,
]

/// `body` signed by the fixed key, as `CheckpointNote.signed` would write it.
func sign(_ body: String) -> String {
    let signature = signer.sign(Array(body.utf8))
    let blob = CheckpointNote.keyID(name: keyName, publicKey: signer.publicKey) + signature
    return body + "\n\u{2014} \(keyName) \(Data(blob).base64EncodedString())\n"
}

/// Splits the input into files at lines `@<known file name>`.
func sections(_ bytes: [UInt8]) -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    var current: String?
    var content: [UInt8] = []
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
        if index == lines.count - 1 && line.isEmpty { break }  // the input's final newline
        if line.first == UInt8(ascii: "@"), let name = String(validating: line.dropFirst(), as: UTF8.self), fileNames.contains(name) {
            if let current { files[current] = content }
            current = name
            content = []
        } else if current != nil {
            content += line + [UInt8(ascii: "\n")]
        }
    }
    if let current { files[current] = content }
    return files
}

FuzzDriver.run { bytes in
    var files = sections(bytes)
    for (_, content) in files {
        let text = String(decoding: content, as: UTF8.self)
        _ = CheckpointNote.parseVerifierKey(text)
        _ = CheckpointNote.verify(text, keyName: keyName, publicKey: signer.publicKey)
    }
    for name in [AuditExport.checkpointFile, AuditExport.baseCheckpointFile] {
        if let content = files[name], !content.isEmpty, let text = String(validating: content, as: UTF8.self), !text.contains("\n\n") {
            files[name] = Array(sign(text).utf8)
        }
    }
    if let content = files[AuditExport.checkpointsFile] {
        let lines = content.split(separator: UInt8(ascii: "\n")).map { line -> [UInt8] in
            guard line.first != UInt8(ascii: "\""), let text = String(validating: line, as: UTF8.self) else { return Array(line) }
            let body = text.split(separator: ";", omittingEmptySubsequences: false).joined(separator: "\n") + "\n"
            return Array(try! JSONEncoder().encode(sign(body)))
        }
        files[AuditExport.checkpointsFile] = Array(lines.map { $0 + [UInt8(ascii: "\n")] }.joined())
    }
    if files[AuditExport.verifierKeyFile] == nil { files[AuditExport.verifierKeyFile] = Array((verifierKey + "\n").utf8) }
    let result = AuditExportVerifier.verify(files: files.mapValues { Data($0) }, verifierKey: nil)
    if result.ok { precondition(result.problems.isEmpty && result.firstBadEntry == nil) }
    if verbose { print(result.ok ? "ok: \(result.entries) entries, \(result.checkpoints) checkpoints" : "refused: \(result.problems.joined(separator: "; "))") }
}

// libFuzzer target: the CSV reader behind `zzk person import` (docs/fuzzing.md).
//
// Input: a CSV file. It is read twice — in 64 KiB chunks, as from a file, and in chunks of
// 1–7 bytes — and both reads must give the same records and the same error: a record must
// not depend on where a read boundary falls. When the first record names catalogue fields
// (a header), each later record is validated against the default catalogue as import does.
import FuzzSupport
import ZZKVault

func records(_ bytes: [UInt8], chunkSize: Int) -> ([CSVReader.Record], CSVReader.Problem?) {
    var reader = CSVReader(bytes: bytes, chunkSize: chunkSize)
    var result: [CSVReader.Record] = []
    do throws(CSVReader.Problem) {
        while let record = try reader.next() { result.append(record) }
    } catch {
        return (result, error)
    }
    return (result, nil)
}

let catalog = try! PolicySet.parse(DefaultPolicies.files).catalog
let validator = FieldValidator(catalog: catalog)

FuzzDriver.run { bytes in
    let whole = records(bytes, chunkSize: 1 << 16)
    let small = records(bytes, chunkSize: bytes.count % 7 + 1)
    precondition(whole.0 == small.0 && whole.1 == small.1, "the CSV reader's result depends on the read chunk size")
    guard let header = whole.0.first?.fields else { return }
    _ = validator.unknownFields(header)
    for record in whole.0.dropFirst() where record.fields.count == header.count {
        do throws(VaultError) { _ = try validator.validate(Array(zip(header, record.fields)), location: "f.csv:\(record.line)") } catch {
            _ = error.description
        }
    }
}

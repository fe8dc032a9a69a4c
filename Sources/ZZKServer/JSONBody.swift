import Foundation
import Hummingbird
import ZZKVault

/// Reading JSON bodies and writing JSON answers, the same way for every route.
enum JSONBody {
    /// The largest JSON body a route reads (person records and consent texts are small).
    static let limit = 1 << 20

    /// Decodes `T` from the request body. The body must be `application/json` (a cross-site
    /// form cannot send that type without the browser asking first); a malformed body is a
    /// 400 that names the key that failed, never the value.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let mediaType = request.headers[.contentType].flatMap { MediaType(from: $0) }
        guard let mediaType, mediaType.isType(.applicationJson) else {
            throw Problem(status: .unsupportedMediaType, code: "unsupported-media-type", title: "Unsupported media type",
                          detail: "send the body as JSON with Content-Type: application/json")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch {
            throw Problem(status: .contentTooLarge, code: "too-large", title: "Request too large",
                          detail: "the request body is larger than \(limit) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: buffer))
        } catch let DecodingError.keyNotFound(key, context) {
            throw Problem.badRequest("the JSON body lacks '\(path(context.codingPath + [key]))'; see /api/v1/openapi.yaml")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw Problem.badRequest("'\(path(context.codingPath))' in the JSON body has the wrong type; see /api/v1/openapi.yaml")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw Problem.badRequest("'\(path(context.codingPath))' in the JSON body is not valid; see /api/v1/openapi.yaml")
        } catch {
            throw Problem.badRequest("the body is not a JSON object of the expected shape; see /api/v1/openapi.yaml")
        }
    }

    /// A JSON answer with sorted keys and vault timestamps.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// Key paths as `fields.identity.pesel` or `members[0].login`; keys are API names, not data.
    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue { text += "[\(index)]"; continue }
            // A dictionary key is the client's text: shown only when it has the shape of an id.
            let name = key.stringValue
            let safe = name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
            text += (text.isEmpty ? "" : ".") + (safe ? name : "…")
        }
        return text.isEmpty ? "(body)" : text
    }
}

// Typed, non-optional views of buffers handed to libsodium. `SecureBytes` always allocates at
// least one byte, so its base address is never nil.
extension UnsafeRawBufferPointer {
    var u8: UnsafePointer<UInt8> { baseAddress!.assumingMemoryBound(to: UInt8.self) }
}

extension UnsafeMutableRawBufferPointer {
    var u8: UnsafeMutablePointer<UInt8> { baseAddress!.assumingMemoryBound(to: UInt8.self) }
}

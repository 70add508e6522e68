import AWSCore
import Testing

@Suite struct CryptoTests {
    @Test func sha256KnownAnswers() {
        // FIPS 180-2 test vectors.
        #expect(Crypto.hex(Crypto.sha256(Array("".utf8)))
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Crypto.hex(Crypto.sha256(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hmacSHA256KnownAnswers() {
        // RFC 4231 test cases 1 and 2.
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        #expect(Crypto.hex(Crypto.hmacSHA256(key: key1, message: Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Crypto.hex(Crypto.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}

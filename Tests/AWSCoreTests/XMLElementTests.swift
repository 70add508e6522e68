import AWSCore
import Testing

@Suite struct XMLElementTests {
    @Test func parsesS3ListingShape() throws {
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bucket</Name><KeyCount>2</KeyCount><IsTruncated>false</IsTruncated>
              <Contents><Key>create/a &amp; b.csv</Key><ETag>&quot;abc&quot;</ETag><Size>12</Size></Contents>
              <Contents><Key><![CDATA[create/<odd>.csv]]></Key><Size>0</Size></Contents>
              <!-- a comment --><Empty/>
            </ListBucketResult>
            """
        let root = try XMLTree.parse(Array(document.utf8))
        #expect(root.name == "ListBucketResult")
        #expect(root.attributes["xmlns"] == "http://s3.amazonaws.com/doc/2006-03-01/")
        #expect(root.childText("Name") == "bucket")
        #expect(root.children("Contents").map { $0.childText("Key") } == ["create/a & b.csv", "create/<odd>.csv"])
        #expect(root.children("Contents").first?.childText("ETag") == "\"abc\"")
        #expect(root.child("Empty")?.text == "")
    }

    @Test func decodesNumericEntitiesAndUnicode() throws {
        let root = try XMLTree.parse(Array("<a>caf&#233; &#x65E5;本 é</a>".utf8))
        #expect(root.text == "café 日本 é")
    }

    @Test(arguments: ["", "<a>", "<a></b>", "<a>&bogus;</a>", "<a x=1></a>", "<a></a><b/>", "text"])
    func rejectsMalformedDocuments(_ document: String) {
        #expect(throws: XMLParseError.self) { try XMLTree.parse(Array(document.utf8)) }
    }
}

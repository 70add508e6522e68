"""Decodes AWS error responses with botocore's own protocol parsers.

Input: a JSON list of {"protocol": "rest-json"|"rest-xml", "status": int,
"headers": [[name, value], ...], "body": text}. Output: a JSON list of
{"code", "message", "requestId"} as botocore reports them.
"""
import json
import sys

from botocore.awsrequest import HTTPHeaders
from botocore.parsers import create_parser


def decode(case):
    headers = HTTPHeaders()
    for name, value in case["headers"]:
        headers[name] = value
    parser = create_parser(case["protocol"])
    parsed = parser.parse(
        {"status_code": case["status"], "headers": headers, "body": case["body"].encode("utf-8")},
        None,
    )
    error = parsed.get("Error", {})
    return {
        "code": error.get("Code", ""),
        "message": error.get("Message", ""),
        "requestId": parsed.get("ResponseMetadata", {}).get("RequestId"),
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([decode(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()

"""Signs requests with botocore's own SigV4 signers, at a given time.

Input: a JSON list of {"flavor": "standard"|"s3", "method", "url", "headers": [[name, value], ...],
"bodyBase64", "accessKeyID", "secretAccessKey", "sessionToken" (or null), "region", "service",
"time" (seconds since 1970, UTC)}. Output: a JSON list of {"headers": {name: value} for the
headers botocore set (Authorization, X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256),
"canonicalRequest"}.
"""
import base64
import datetime
import json
import sys

import botocore.auth
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SET_BY_SIGNER = ["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-SHA256"]


def sign(case):
    moment = datetime.datetime.fromtimestamp(case["time"], datetime.timezone.utc)
    # botocore reads the time through this function; pin it to the case's moment.
    botocore.auth.get_current_datetime = lambda: moment
    request = AWSRequest(method=case["method"], url=case["url"], data=base64.b64decode(case["bodyBase64"]))
    for name, value in case["headers"]:
        request.headers[name] = value  # appends: repeated names keep every value, in order
    credentials = Credentials(case["accessKeyID"], case["secretAccessKey"], case.get("sessionToken"))
    signer_type = S3SigV4Auth if case["flavor"] == "s3" else SigV4Auth
    signer = signer_type(credentials, case["service"], case["region"])
    signer.add_auth(request)
    return {
        "headers": {name: request.headers[name] for name in SET_BY_SIGNER if name in request.headers},
        "canonicalRequest": signer.canonical_request(request),
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    json.dump([sign(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()

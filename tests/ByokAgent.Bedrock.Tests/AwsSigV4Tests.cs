using System.Text;
using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Bedrock.Tests;

/// <summary>The fake's own SigV4 (System.Security.Cryptography only) against AWS's published test vectors.</summary>
public sealed class AwsSigV4Tests
{
    private const string ExampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Signature_GetVanillaVector_MatchesAwsTestSuite()
    {
        // aws-sig-v4-test-suite "get-vanilla": GET / on example.amazonaws.com, service "service", 2015-08-30 12:36:00 UTC.
        var canonical = AwsSigV4.CanonicalRequest(
            "GET",
            "/",
            "",
            [new("Host", "example.amazonaws.com"), new("X-Amz-Date", "20150830T123600Z")],
            EmptyPayloadHash);

        canonical.Should().Be($"GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EmptyPayloadHash}");
        AwsSigV4.Signature(ExampleSecret, "20150830T123600Z", "us-east-1", "service", canonical)
            .Should().Be("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    [Fact]
    public void Signature_IamListUsersExample_MatchesAwsDocumentation()
    {
        // The worked example of AWS's "Create a signed AWS API request" guide (IAM ListUsers).
        var canonical = AwsSigV4.CanonicalRequest(
            "GET",
            "/",
            "Version=2010-05-08&Action=ListUsers",
            [
                new("content-type", "application/x-www-form-urlencoded; charset=utf-8"),
                new("host", "iam.amazonaws.com"),
                new("x-amz-date", "20150830T123600Z"),
            ],
            EmptyPayloadHash);

        AwsSigV4.Sha256Hex(Encoding.UTF8.GetBytes(canonical))
            .Should().Be("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        AwsSigV4.Signature(ExampleSecret, "20150830T123600Z", "us-east-1", "iam", canonical)
            .Should().Be("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    [Fact]
    public void SigningKey_MatchesAwsDocumentationExample()
    {
        // AWS's "Examples of how to derive a signing key": 20120215 / us-east-1 / iam.
        var key = AwsSigV4.SigningKey(ExampleSecret, "20120215", "us-east-1", "iam");

        Convert.ToHexStringLower(key).Should().Be("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    [Fact]
    public void CanonicalRequest_EncodesTheWirePathAgain()
    {
        var canonical = AwsSigV4.CanonicalRequest("POST", "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx/converse", "", [], EmptyPayloadHash);

        canonical.Split('\n')[1].Should().Be("/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Ainference-profile%252Fx/converse");
    }
}

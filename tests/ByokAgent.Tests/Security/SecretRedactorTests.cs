using System.Text;
using ByokAgent.Security;

namespace ByokAgent.Tests.Security;

public sealed class SecretRedactorTests
{
    private const string Key = "sk-proj-Ab3/De+Fg=Hi9";

    [Fact]
    public void Redact_TextQuotingTheKey_ReplacesEveryOccurrence()
    {
        var text = $"Incorrect API key provided: {Key}. Again: {Key}";

        var redacted = SecretRedactor.Redact(text, [Key]);

        redacted.Should().Be($"Incorrect API key provided: {SecretRedactor.Mask}. Again: {SecretRedactor.Mask}");
    }

    [Fact]
    public void Redact_Base64OfTheKey_IsReplaced()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key));

        var redacted = SecretRedactor.Redact($"Proxy-Authorization: Basic {base64}", [Key]);

        redacted.Should().Be($"Proxy-Authorization: Basic {SecretRedactor.Mask}");
    }

    [Fact]
    public void Redact_UrlEncodedKey_IsReplaced()
    {
        var encoded = Uri.EscapeDataString(Key);
        encoded.Should().NotBe(Key, "the test key must change when URL-encoded");

        var redacted = SecretRedactor.Redact($"GET https://example.test/v1/models?key={encoded}&alt=json", [Key]);

        redacted.Should().Be($"GET https://example.test/v1/models?key={SecretRedactor.Mask}&alt=json");
    }

    [Fact]
    public void Redact_SeveralSecrets_ReplacesEach()
    {
        const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

        var redacted = SecretRedactor.Redact($"key={Key} secret={AwsSecret}", [Key, AwsSecret]);

        redacted.Should().Be($"key={SecretRedactor.Mask} secret={SecretRedactor.Mask}");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("gpt")]
    [InlineData("abcde")]
    public void Redact_SecretShorterThanSixCharacters_LeavesTextUntouched(string shortSecret)
    {
        const string Text = "a gpt abcde model answered";

        SecretRedactor.Redact(Text, [shortSecret]).Should().Be(Text);
    }

    [Fact]
    public void Redact_SecretOfSixCharacters_IsReplaced() =>
        SecretRedactor.Redact("token abcdef here", ["abcdef"]).Should().Be($"token {SecretRedactor.Mask} here");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Redact_NullOrEmptyText_IsEmpty(string? text) =>
        SecretRedactor.Redact(text, [Key]).Should().BeEmpty();

    [Fact]
    public void Redact_NullOrEmptySecrets_AreSkipped() =>
        SecretRedactor.Redact($"key {Key}", [null, "", Key]).Should().Be($"key {SecretRedactor.Mask}");

    [Fact]
    public void Redact_NoSecrets_LeavesTextUntouched() =>
        SecretRedactor.Redact($"key {Key}", []).Should().Be($"key {Key}");

    [Fact]
    public void Redact_TextWithoutSecret_IsUnchanged() =>
        SecretRedactor.Redact("The model `x` does not exist.", [Key]).Should().Be("The model `x` does not exist.");

    [Fact]
    public void Redact_NullSecretList_Throws()
    {
        var act = () => SecretRedactor.Redact("text", null!);

        act.Should().Throw<ArgumentNullException>();
    }
}

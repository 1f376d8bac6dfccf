using System.Security.Cryptography;
using System.Text;
using ByokAgent.Security;

namespace ByokAgent.Tests.Storage;

public sealed class ProjectApiKeyTests
{
    [Fact]
    public void Generate_IsSkByokAndBase62Of32RandomBytes()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ProjectApiKey.Generate()).ToList();

        keys.Should().OnlyContain(k => System.Text.RegularExpressions.Regex.IsMatch(k, "^sk-byok_[0-9A-Za-z]{43}$"));
        keys.Should().OnlyHaveUniqueItems();
        keys.Should().OnlyContain(k => ProjectApiKey.HasKeyShape(k));
        string.Concat(keys.Select(k => k[8..])).Distinct().Should().HaveCount(62, "every base62 digit turns up in 200 random keys");
    }

    [Fact]
    public void Hash_IsLowercaseHexSha256OfTheKey()
    {
        const string Key = "sk-byok_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg";

        var hash = ProjectApiKey.Hash(Key);

        hash.Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))));
        hash.Should().MatchRegex("^[0-9a-f]{64}$");
        ProjectApiKey.Hash(Key).Should().Be(hash);
    }

    [Fact]
    public void Matches_OnlyTheKeyThatWasHashed()
    {
        var key = ProjectApiKey.Generate();
        var stored = ProjectApiKey.Hash(key);

        ProjectApiKey.Matches(key, stored).Should().BeTrue();
        ProjectApiKey.Matches(ProjectApiKey.Generate(), stored).Should().BeFalse();
        ProjectApiKey.Matches(key[..^1], stored).Should().BeFalse();
        ProjectApiKey.Matches(key, stored[..^2]).Should().BeFalse("a truncated hash matches nothing");
        ProjectApiKey.Matches(key, "not hex").Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk-byok_")]
    [InlineData("sk-proj-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg")]
    [InlineData("sk-byok_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef")]
    [InlineData("sk-byok_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef+")]
    public void HasKeyShape_RejectsWhatThisRuntimeNeverIssues(string? candidate)
    {
        ProjectApiKey.HasKeyShape(candidate).Should().BeFalse();
    }

    [Fact]
    public void Base62_EncodesBigEndianNumbersAtAFixedWidth()
    {
        Base62.Encode([0]).Should().Be("00");
        Base62.Encode([255]).Should().Be("47");
        Base62.Encode([1, 0]).Should().Be("048");
        Base62.Encode(new byte[32]).Should().Be(new string('0', 43));
        Base62.Encode(Enumerable.Repeat((byte)255, 32).ToArray()).Should().HaveLength(43);
        Base62.EncodedLength(32).Should().Be(43);
    }
}

using ByokAgent.Security;

namespace ByokAgent.Tests.Security;

public sealed class RedactedExceptionTests
{
    private const string Key = "sk-test-1a2b3c4d5e6f7a8b";

    [Fact]
    public void From_ExceptionQuotingKey_KeepsTypeAndMasksKey()
    {
        var original = new InvalidOperationException($"Request failed with key {Key}", new IOException($"inner {Key}"));

        var redacted = RedactedException.From(original, [Key]);

        redacted.OriginalType.Should().Be("System.InvalidOperationException");
        redacted.Message.Should().Contain("Request failed with key [redacted]").And.Contain("inner [redacted]");
        redacted.ToString().Should().NotContain(Key).And.StartWith("System.InvalidOperationException (redacted): ");
        redacted.InnerException.Should().BeNull("the original object could carry request or response bodies");
    }

    [Fact]
    public void From_NullException_Throws()
    {
        var act = () => RedactedException.From(null!, [Key]);

        act.Should().Throw<ArgumentNullException>();
    }
}

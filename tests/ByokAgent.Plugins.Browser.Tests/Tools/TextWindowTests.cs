using ByokAgent.Plugins.Browser.Tools;

namespace ByokAgent.Plugins.Browser.Tests.Tools;

public sealed class TextWindowTests
{
    [Fact]
    public void Cut_ShortText_IsWholeWithoutContinuation()
    {
        var window = TextWindow.Cut("short", 0, 100);

        window.Should().Be(new TextWindow("short", null, 5));
        window.Continuation("browser_snapshot").Should().BeNull();
    }

    [Fact]
    public void Cut_LongText_EndsAtALineBreak_AndSaysHowToContinue()
    {
        var text = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"line {i:00}"));

        var window = TextWindow.Cut(text, 0, 50);

        window.Text.Should().Be("line 00\nline 01\nline 02\nline 03\nline 04\nline 05");
        window.NextOffset.Should().Be(48);
        window.Continuation("browser_snapshot").Should().Be($"… cut at character 48 of {text.Length}; call browser_snapshot with offset=48 for more.");
        TextWindow.Cut(text, 48, 50).Text.Should().StartWith("line 06");
    }

    [Fact]
    public void Cut_TextWithoutLineBreaks_CutsAtTheLimit() =>
        TextWindow.Cut(new string('x', 30), 0, 10).Should().Be(new TextWindow(new string('x', 10), 10, 30));

    [Fact]
    public void Cut_LastWindow_HasNoNextOffset() =>
        TextWindow.Cut("abcdefghij", 6, 10).Should().Be(new TextWindow("ghij", null, 10));

    [Fact]
    public void Cut_OffsetPastTheEnd_Explains() =>
        FluentActions.Invoking(() => TextWindow.Cut("abc", 3, 10)).Should().Throw<BrowserToolException>()
            .WithMessage("Nothing at offset 3: the content has 3 characters.");

    [Fact]
    public void Cut_NegativeOffset_Explains() =>
        FluentActions.Invoking(() => TextWindow.Cut("abc", -1, 10)).Should().Throw<BrowserToolException>()
            .WithMessage("offset must be 0 or more (got -1).");
}

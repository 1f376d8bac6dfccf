using ByokAgent.Plugins.Browser.Tools;

namespace ByokAgent.Plugins.Browser.Tests.Tools;

public sealed class ElementRefTests
{
    [Theory]
    [InlineData("e12", "e12")]
    [InlineData(" E12 ", "e12")]
    [InlineData("[ref=e12]", "e12")]
    [InlineData("ref=e3", "e3")]
    [InlineData("f1e2", "f1e2")]
    public void Parse_AcceptsRefsAsModelsWriteThem(string text, string expected) => ElementRef.Parse(text).Should().Be(expected);

    [Theory]
    [InlineData("12")]
    [InlineData("button")]
    [InlineData("e12; drop")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_NotARef_ExplainsTheFormat(string? text) =>
        FluentActions.Invoking(() => ElementRef.Parse(text)).Should().Throw<BrowserToolException>()
            .WithMessage($"'{text}' is not an element ref. Refs look like e12; browser_snapshot lists them as [ref=e12].");
}

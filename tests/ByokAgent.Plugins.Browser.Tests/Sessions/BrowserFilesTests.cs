using ByokAgent.Plugins.Browser.Sessions;

namespace ByokAgent.Plugins.Browser.Tests.Sessions;

public sealed class BrowserFilesTests
{
    [Theory]
    [InlineData("report.csv", "report.csv")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData(".bashrc", "bashrc")]
    [InlineData("résumé 2026 (final).pdf", "résumé 2026 (final).pdf")]
    [InlineData("a:b*c?.txt", "a_b_c_.txt")]
    [InlineData("", "download")]
    [InlineData(null, "download")]
    [InlineData("...", "download")]
    [InlineData("***", "download")]
    public void SafeName_KeepsOnlyAPlainFileName(string? suggested, string expected) => BrowserFiles.SafeName(suggested).Should().Be(expected);

    [Fact]
    public void SafeName_LongName_IsCutKeepingTheExtension()
    {
        var name = BrowserFiles.SafeName(new string('a', 300) + ".csv");

        name.Should().HaveLength(100).And.EndWith(".csv");
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(1536, "1.5 KB")]
    [InlineData(3 * 1024 * 1024, "3 MB")]
    public void FormatSize_ReadsNaturally(long bytes, string expected) => BrowserFiles.FormatSize(bytes).Should().Be(expected);
}

using ByokAgent.Plugins.Browser.Tools;

namespace ByokAgent.Plugins.Browser.Tests.Tools;

public sealed class PageSnapshotTests
{
    private const string Snapshot = """
        - generic [ref=e1]:
          - heading "Members only" [level=1] [ref=e2]
          - generic [ref=e3]:
            - generic [ref=e4]:
              - text: Username
              - textbox "Username" [ref=e5]
            - button "Sign in" [ref=e6]
          - paragraph: Wrong username or password.
        """;

    [Fact]
    public void Find_ElementLine_KeepsItsOwnRef() =>
        PageSnapshot.Find(Snapshot, l => l.Contains("Sign in", StringComparison.Ordinal)).Should().Equal("- button \"Sign in\" [ref=e6]");

    [Fact]
    public void Find_TextLine_NamesTheElementAroundIt() =>
        PageSnapshot.Find(Snapshot, l => l.Contains("text: Username", StringComparison.Ordinal)).Should().Equal("- text: Username (inside [ref=e4])");

    [Fact]
    public void Find_SeveralMatches_InPageOrder() =>
        PageSnapshot.Find(Snapshot, l => l.Contains("username", StringComparison.OrdinalIgnoreCase)).Should().HaveCount(3)
            .And.StartWith("- text: Username (inside [ref=e4])");

    [Fact]
    public void Find_NoMatch_IsEmpty() => PageSnapshot.Find(Snapshot, _ => false).Should().BeEmpty();

    [Fact]
    public void Find_ManyMatches_StopsAtTheCap() =>
        PageSnapshot.Find(string.Join('\n', Enumerable.Repeat("- text: x", 500)), _ => true).Should().HaveCount(PageSnapshot.MaxMatches);
}

using ByokAgent.Testing;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>The error responses under <c>Fixtures/errors/{provider}/{case}.http</c>, copied beside the test binaries.</summary>
/// <remarks>Same <c>.http</c> format as <c>shared/fixtures/providers</c> (see its MANIFEST.md); sources in <c>Fixtures/errors/README.md</c>.</remarks>
internal static class ErrorFixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "errors");

    /// <summary>Every fixture as <c>provider/case</c>, sorted.</summary>
    public static IReadOnlyList<string> Names() =>
    [
        .. System.IO.Directory.EnumerateFiles(Directory, "*.http", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Directory, path).Replace('\\', '/')[..^".http".Length])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The full path of fixture <c>provider/case</c>, which must exist.</summary>
    public static string PathOf(string name)
    {
        var path = Path.Combine(Directory, name + ".http");
        return File.Exists(path) ? path : throw new FileNotFoundException($"No error fixture {name}.", path);
    }

    /// <summary>The fixture as a reply the fake sends byte for byte, on any route.</summary>
    public static FakeReply Reply(string name) => FakeReply.FromFile(PathOf(name));

    /// <summary>The status of the fixture's first line.</summary>
    public static int StatusOf(string name) =>
        int.Parse(File.ReadLines(PathOf(name)).First().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
}

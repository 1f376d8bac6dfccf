namespace ByokAgent.Testing;

/// <summary>Finds the recorded provider fixtures in the <c>shared/</c> folder that lives beside the repository.</summary>
/// <remarks>
/// The fixtures are not copied into the repository: locally <c>/work/shared</c> sits beside <c>/work/main</c>, in CI
/// <c>shared/</c> is cloned beside the repository. Both are found by walking up from the test binaries.
/// </remarks>
public static class SharedFixtures
{
    private static readonly string[] ProvidersRelativePath = ["shared", "fixtures", "providers"];

    private static readonly Lazy<string> Providers = new(FindProvidersDirectory);

    /// <summary>The <c>shared/fixtures/providers</c> directory.</summary>
    /// <exception cref="DirectoryNotFoundException">No ancestor of the test binaries holds it.</exception>
    public static string ProvidersDirectory => Providers.Value;

    /// <summary>The full path of <c>shared/fixtures/providers/{provider}/{file}</c>, which must exist.</summary>
    /// <exception cref="FileNotFoundException">The fixture does not exist.</exception>
    public static string ProviderFixture(string provider, string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(file);
        var path = Path.Combine(ProvidersDirectory, provider, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"No provider fixture at {path}.", path);
    }

    private static string FindProvidersDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine([directory.FullName, .. ProvidersRelativePath]);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No ancestor of {AppContext.BaseDirectory} contains shared/fixtures/providers; clone shared/ beside the repository.");
    }
}

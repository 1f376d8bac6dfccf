namespace ByokAgent.Files;

/// <summary>Resolves a path the way the operating system does when it opens it: every symbolic link followed.</summary>
/// <remarks>
/// Hand-written because .NET has no <c>realpath</c>: <see cref="FileSystemInfo.ResolveLinkTarget"/> follows only the
/// last name, and <see cref="Path.GetFullPath(string)"/> collapses <c>..</c> by text, which a link earlier in the path
/// defeats (<c>a/../b</c> is not <c>b</c> when <c>a</c> is a link to elsewhere). Walking name by name from the file
/// system's root, with <c>..</c> taken on the already-resolved folder, gives the place the kernel will really use.
/// </remarks>
internal static class PhysicalPaths
{
    // Linux's own limit on links followed in one lookup (MAXSYMLINKS): past it the path is a loop or an attack.
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>The physical location of <paramref name="fullPath"/> (absolute); names that do not exist yet are kept as given.</summary>
    /// <exception cref="FilePathException">More than 40 links were followed (a loop).</exception>
    public static string Resolve(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        return ResolveUnder(root, fullPath[root.Length..]);
    }

    /// <summary>The physical location of <paramref name="relative"/> under <paramref name="resolvedBase"/>, a folder already resolved.</summary>
    /// <exception cref="FilePathException">More than 40 links were followed (a loop).</exception>
    public static string ResolveUnder(string resolvedBase, string relative)
    {
        var pending = new Stack<string>();
        Push(pending, relative);
        var current = resolvedBase;
        var linksFollowed = 0;
        while (pending.TryPop(out var name))
        {
            if (name is "" or ".")
            {
                continue;
            }

            if (name == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var candidate = Path.Join(current, name);
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                current = candidate;
                continue;
            }

            if (++linksFollowed > MaxLinks)
            {
                throw new FilePathException("The path is refused: it goes through a loop of symbolic links.");
            }

            // A relative target is resolved from the link's folder (current); an absolute one restarts at its root.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            Push(pending, target);
        }

        return current;
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both physical and absolute).</summary>
    public static bool IsSameOrInside(string path, string folder)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var trimmedFolder = Path.TrimEndingDirectorySeparator(folder);
        return string.Equals(path, trimmedFolder, comparison)
            || (path.Length > trimmedFolder.Length
                && path.StartsWith(trimmedFolder, comparison)
                && (path[trimmedFolder.Length] == Path.DirectorySeparatorChar || path[trimmedFolder.Length] == Path.AltDirectorySeparatorChar));
    }

    private static void Push(Stack<string> pending, string path)
    {
        var names = path.Split(Separators);
        for (var i = names.Length - 1; i >= 0; i--)
        {
            pending.Push(names[i]);
        }
    }
}

namespace ByokAgent.Projects;

/// <summary>What is known about whether a stored config works.</summary>
public enum ModelConfigStatus
{
    /// <summary>Not validated since it was saved or changed (<c>--skip-validation</c>, or stored by the library directly).</summary>
    Unchecked,

    /// <summary>The last validation passed.</summary>
    Valid,

    /// <summary>The last validation failed, or the provider rejected the key at run time; stays so until it validates again.</summary>
    Invalid,
}

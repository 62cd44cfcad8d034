namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>Whether a step acts by itself or only proposes (fleet document <c>mode:</c>).</summary>
public enum PlaybookMode
{
    /// <summary>Not given; a document without a mode means <see cref="Recommend"/>.</summary>
    Unspecified = 0,

    /// <summary><c>recommend</c>: the step is proposed to a person, who applies or dismisses it.</summary>
    Recommend = 1,

    /// <summary><c>auto</c>: the step is applied when the trigger fires, unless a safety guard turns it into a recommendation.</summary>
    Auto = 2,
}

using System.Text;

namespace WinBack.Plugins
{
    /// <summary>
    /// Makes text that did not come from WinBack safe to show in a refusal: what a user typed (a policy's JSON) or what
    /// another component said. Dataverse shows refusals as plain text, but some clients put them into a page, so
    /// angle brackets never reach a message as markup, control characters become spaces, and length is capped.
    /// </summary>
    internal static class UserText
    {
        /// <summary>The longest quoted text kept in a message.</summary>
        public const int MaxLength = 1000;

        public static string Plain(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return string.Empty;
            }

            var plain = new StringBuilder(text!.Length);
            foreach (var c in text)
            {
                if (plain.Length >= MaxLength)
                {
                    return plain.Append('…').ToString();
                }

                switch (c)
                {
                    case '<': plain.Append('‹'); break;
                    case '>': plain.Append('›'); break;
                    default: plain.Append(char.IsControl(c) ? ' ' : c); break;
                }
            }

            return plain.ToString();
        }
    }
}

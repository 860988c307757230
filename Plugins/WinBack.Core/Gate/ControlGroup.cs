using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace WinBack.Core.Gate
{
    /// <summary>
    /// The control group: a stable share of flagged accounts that gets no win-back outreach, so that comparing them with
    /// the others shows whether outreach works. Membership is a hash of the account id and the policy's salt, never a
    /// random draw, so every server and every retry assigns an account the same way.
    /// </summary>
    public static class ControlGroup
    {
        /// <summary>Where the account falls in [0, 1): the first 8 bytes of SHA-256("accountid:salt") over 2^64.</summary>
        public static double Position(Guid accountId, string salt)
        {
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(accountId.ToString("D") + ":" + salt));
                ulong value = 0;
                for (int i = 0; i < 8; i++) value = (value << 8) | hash[i];
                return value / 18446744073709551616.0;
            }
        }

        /// <summary>Whether the account belongs to the control group under this policy.</summary>
        public static bool IsInControlGroup(Guid accountId, GatePolicy policy) => Position(accountId, policy.ControlSalt) < policy.ControlShare;

        /// <summary>The assignment (wb_holdout, wb_holdoutassignedon) is the server's alone: a client never sends it.</summary>
        public static Refusal? NoClientColumns(IEnumerable<string> sentColumns)
        {
            var sent = new[] { "wb_holdout", "wb_holdoutassignedon" }.Where(c => sentColumns.Contains(c)).ToArray();
            return sent.Length > 0 ? Refusal.Of(GateRule.ServerColumn, sent) : null;
        }

        /// <summary>
        /// The assignment to store when an account is flagged: null when it was already assigned (assigned once) or is not
        /// being flagged now; otherwise whether it goes to the control group.
        /// </summary>
        public static bool? AssignOnFlag(Guid accountId, bool alreadyAssigned, bool flaggedNow, GatePolicy policy) =>
            alreadyAssigned || !flaggedNow ? (bool?)null : IsInControlGroup(accountId, policy);
    }
}

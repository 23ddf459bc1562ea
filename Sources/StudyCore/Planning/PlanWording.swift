/// Sentences the Plan screen and `primer plan` share, so both say the same thing.
public enum PlanWording {
    /// The plan introduces every question of the course, but Study today offers a question
    /// only once its lesson is read: said whenever some of the plan's new questions wait.
    public static func unreadLessons(_ count: Int) -> String {
        "\(count) of the plan's new question\(count == 1 ? " is" : "s are") in lessons you have not read yet: "
            + "Study today offers a question once its lesson is read (Lessons), so read ahead to keep this pace."
    }
}

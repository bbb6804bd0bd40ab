//! Game fields: game type, difficulty, language (moved here from the games
//! room so that questions and crowd do not import games).
